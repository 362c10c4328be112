/**
 * Where things are, in one datum: the server keeps stores (and delivery pins) in WGS-84, while
 * WeChat's maps in China answer GCJ-02, some 300–600 m off. The phone's position is asked for in
 * WGS-84; a spot picked on WeChat's map is converted (gcoord) before it goes to the server.
 */
import gcoord from 'gcoord';

/** The phone's position outdoors (wx.getLocation) in WGS-84, as stores near me are measured. */
export function phoneLocation(refusal: string): Promise<{ latitude: number; longitude: number }> {
  return new Promise((resolve, reject) =>
    wx.getLocation({ type: 'wgs84', success: resolve, fail: () => reject(new Error(refusal)) }),
  );
}

export interface Pin {
  lat: number;
  lng: number;
}

/** A spot from WeChat's map (GCJ-02) as the server keeps it. */
export function pinOf(picked: { latitude: number; longitude: number }): Pin {
  const [lng, lat] = gcoord.transform([picked.longitude, picked.latitude], gcoord.GCJ02, gcoord.WGS84);
  return { lat, lng };
}

/** A kept pin where WeChat's map shows it, to open the map there. */
export function mapPointOf(pin: Pin): { latitude: number; longitude: number } {
  const [longitude, latitude] = gcoord.transform([pin.lng, pin.lat], gcoord.WGS84, gcoord.GCJ02);
  return { latitude, longitude };
}
