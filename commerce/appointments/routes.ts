/** Appointments over HTTP: staff set up counters and services; shoppers and staff book; the staff view of a day. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../../db/pool.js';
import { tenantOf } from '../../server/auth.js';
import { Forbidden, NotFound } from '../../server/errors.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { getStore, type Store } from '../../stores/index.js';
import { STAFF_ROLES, STORE_STAFF, worksAt } from '../../tenancy/index.js';
import { createOnce, idempotencyHeaders } from '../idempotency.js';
import {
  type Booker,
  type BookingChange,
  type BookingRecord,
  changeBooking,
  createBooking,
  dayBookings,
  getBooking,
  serviceSlots,
  shopperBookings,
} from './bookings.js';
import {
  Booking,
  BookingCancel,
  BookingCreate,
  Counter,
  CounterCreate,
  CounterUpdate,
  DayQuery,
  DayView,
  Service,
  ServiceCreate,
  ServiceUpdate,
  SlotQuery,
  SlotView,
} from './schemas.js';
import {
  createCounter,
  createService,
  getCounter,
  getService,
  listCounters,
  listServices,
  type ServiceRecord,
  updateCounter,
  updateService,
} from './services.js';
import { localDate } from './slots.js';

const tags = ['appointments'];
const MANAGERS = ['brand_admin', 'store_manager'] as const;

const bookerOf = (request: FastifyRequest): Booker => ({
  kind: request.principal.kind,
  id: request.principal.id,
  actor: `${request.principal.kind}:${request.principal.id}`,
});

/** Shoppers act at any store of their brand; staff at the stores they work at. */
const mayActAt = (request: FastifyRequest, storeId: string) =>
  request.principal.kind === 'shopper' || worksAt(request.principal, storeId);

async function storeOf(tx: Tx, request: FastifyRequest, storeId: string): Promise<Store> {
  const store = await getStore(tx, storeId);
  if (!store) throw NotFound('Store');
  if (!mayActAt(request, storeId)) throw Forbidden('Staff act only for their own stores');
  return store;
}

/** The service the URL names, if the caller may see it (shoppers: active services only). */
async function serviceOf(tx: Tx, request: FastifyRequest, id: string): Promise<ServiceRecord> {
  const service = await getService(tx, id);
  if (!service || (request.principal.kind === 'shopper' && !service.active)) throw NotFound('Service');
  if (!mayActAt(request, service.store_id)) throw NotFound('Service');
  return service;
}

function maySee(request: FastifyRequest, booking: BookingRecord): boolean {
  const { principal } = request;
  return principal.kind === 'shopper'
    ? booking.shopper_id === principal.id
    : worksAt(principal, booking.store_id);
}

export async function appointmentRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Counter);
  app.addSchema(Service);
  app.addSchema(Booking);
  const idParams = { params: IdParams, security: bearer, tags };
  const bookingResponse = { 200: Type.Ref('AppointmentBooking'), ...errorResponses };

  app.get(
    '/stores/:id/counters',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        ...idParams,
        summary: "A store's counters (a counter serves one booking at a time)",
        response: { 200: Type.Array(Type.Ref('AppointmentCounter')), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeOf(tx, request, id);
        return listCounters(tx, id);
      });
    },
  );

  app.post(
    '/stores/:id/counters',
    {
      preHandler: app.requireRole(...MANAGERS),
      schema: {
        ...idParams,
        summary: 'Add a counter to a store',
        headers: idempotencyHeaders(),
        body: CounterCreate,
        response: { 201: Type.Ref('AppointmentCounter'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return createOnce(app, request, reply, async (tx, tenantId) => {
        await storeOf(tx, request, id);
        return createCounter(tx, tenantId, id, request.body as CounterCreate);
      });
    },
  );

  app.patch(
    '/appointment-counters/:id',
    {
      preHandler: app.requireRole(...MANAGERS),
      schema: {
        ...idParams,
        summary: 'Rename a counter, or take it out of service (its bookings stay)',
        body: CounterUpdate,
        response: { 200: Type.Ref('AppointmentCounter'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        const counter = await getCounter(tx, id);
        if (!counter || !worksAt(request.principal, counter.store_id)) throw NotFound('Counter');
        return updateCounter(tx, id, request.body as CounterUpdate);
      });
    },
  );

  app.get(
    '/stores/:id/appointment-services',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        ...idParams,
        summary: "A store's bookable services (shoppers see the active ones)",
        response: { 200: Type.Array(Type.Ref('AppointmentService')), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await storeOf(tx, request, id);
        return listServices(tx, id, request.principal.kind === 'shopper');
      });
    },
  );

  app.post(
    '/stores/:id/appointment-services',
    {
      preHandler: app.requireRole(...MANAGERS),
      schema: {
        ...idParams,
        summary: 'Offer a bookable service: at counters (one booking each) or as an event with seats',
        headers: idempotencyHeaders(),
        body: ServiceCreate,
        response: { 201: Type.Ref('AppointmentService'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return createOnce(app, request, reply, async (tx, tenantId) => {
        await storeOf(tx, request, id);
        return createService(tx, tenantId, id, request.body as ServiceCreate);
      });
    },
  );

  app.get(
    '/appointment-services/:id',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        ...idParams,
        summary: 'One bookable service',
        response: { 200: Type.Ref('AppointmentService'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), (tx) => serviceOf(tx, request, id));
    },
  );

  app.patch(
    '/appointment-services/:id',
    {
      preHandler: app.requireRole(...MANAGERS),
      schema: {
        ...idParams,
        summary: 'Change a service (bookings already made keep their time and counter)',
        body: ServiceUpdate,
        response: { 200: Type.Ref('AppointmentService'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return app.db.tenant(tenantOf(request), async (tx) => {
        await serviceOf(tx, request, id);
        return updateService(tx, id, request.body as ServiceUpdate);
      });
    },
  );

  app.get(
    '/appointment-services/:id/slots',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        ...idParams,
        summary: "A service's slots in the store's opening hours and time zone, with the places left",
        querystring: SlotQuery,
        response: { 200: Type.Array(SlotView), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const query = request.query as SlotQuery;
      return app.db.tenant(tenantOf(request), async (tx) => {
        const service = await serviceOf(tx, request, id);
        const store = await storeOf(tx, request, service.store_id);
        return serviceSlots(
          tx,
          service,
          store,
          { from: query.from, days: query.days ?? 7 },
          request.principal.kind === 'shopper' ? 'shopper' : 'staff',
          new Date(),
        );
      });
    },
  );

  app.post(
    '/appointments',
    {
      preHandler: app.requireRole(...STORE_STAFF, 'shopper'),
      schema: {
        tags,
        security: bearer,
        summary: 'Book a slot: a shopper for themselves, or staff for a shopper or a customer by name',
        headers: idempotencyHeaders(),
        body: BookingCreate,
        response: { 201: Type.Ref('AppointmentBooking'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const input = request.body as BookingCreate;
      return createOnce(app, request, reply, async (tx, tenantId) => {
        const service = await serviceOf(tx, request, input.service_id);
        if (!service.active) throw NotFound('Service');
        const store = await storeOf(tx, request, service.store_id);
        return createBooking(tx, tenantId, service, store, input, bookerOf(request));
      });
    },
  );

  app.get(
    '/me/appointments',
    {
      preHandler: app.requireRole('shopper'),
      schema: {
        tags,
        security: bearer,
        summary: "The shopper's bookings: upcoming first (soonest first), then past ones",
        response: { 200: Type.Array(Type.Ref('AppointmentBooking')), ...errorResponses },
      },
    },
    async (request) =>
      app.db.tenant(tenantOf(request), (tx) => shopperBookings(tx, request.principal.id, new Date())),
  );

  app.get(
    '/appointments/:id',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: { ...idParams, summary: 'One booking', response: bookingResponse },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const booking = await app.db.tenant(tenantOf(request), (tx) => getBooking(tx, id));
      if (!booking || !maySee(request, booking)) throw NotFound('Booking');
      return booking;
    },
  );

  /** Moves the booking the URL names, if the caller may see it. */
  const change = (to: BookingChange) => async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const tenantId = tenantOf(request);
    return app.db.tenant(tenantId, async (tx) => {
      const booking = await getBooking(tx, id);
      if (!booking || !maySee(request, booking)) throw NotFound('Booking');
      return changeBooking(tx, tenantId, id, to, bookerOf(request), (request.body as BookingCancel)?.reason);
    });
  };

  app.post(
    '/appointments/:id/cancel',
    {
      preHandler: app.requireRole(...STORE_STAFF, 'shopper'),
      schema: {
        ...idParams,
        summary:
          "Cancel a booking (shoppers up to the service's cut-off, staff anytime); the place is free again",
        body: BookingCancel,
        response: bookingResponse,
      },
    },
    change('cancelled'),
  );

  app.post(
    '/appointments/:id/check-in',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: { ...idParams, summary: 'The customer has arrived', response: bookingResponse },
    },
    change('checked_in'),
  );

  app.post(
    '/appointments/:id/no-show',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        ...idParams,
        summary: 'The customer did not come (after the start); an event seat is freed for walk-ins',
        response: bookingResponse,
      },
    },
    change('no_show'),
  );

  app.get(
    '/stores/:id/appointments',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        ...idParams,
        summary: "The staff view: a store's bookings of one local day (default today), with its counters",
        querystring: DayQuery,
        response: { 200: DayView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const query = request.query as DayQuery;
      return app.db.tenant(tenantOf(request), async (tx) => {
        const store = await storeOf(tx, request, id);
        const date = query.date ?? localDate(store.timezone, new Date());
        return {
          date,
          timezone: store.timezone,
          counters: await listCounters(tx, id),
          bookings: await dayBookings(tx, store, date, query),
        };
      });
    },
  );
}
