/**
 * Customer service: FAQ answers, hand-off to staff, feedback.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
