/**
 * Customer service: FAQ answers, hand-off to staff, feedback.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet: until it is, the mini-program opens WeChat's own customer-service chat (the order as a
 * card), which the brand's staff answer in WeChat's tools; the server sees none of it.
 */
export {};
