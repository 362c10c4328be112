/**
 * Customer service: shoppers' messages from the mini-program's WeChat chat (message push), kept as
 * one conversation per shopper, answered by the brand's staff from the console through WeChat's
 * customer-service messages, with the brand's quick replies and automatic answers.
 *
 * Front door of the domain: other folders import from here only.
 */

export { seedDemoConversations } from './demo-conversations.js';
export { serviceRoutes } from './routes.js';
