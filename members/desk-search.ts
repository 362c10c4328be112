/**
 * What staff type at the service desk to find a member, as GET /members takes it (`q`) and the
 * console checks it before asking: a whole phone, perhaps with a leading +; or 3 to 32 letters,
 * digits or - (a phone's last four digits, a member number's beginning or end, a phone without +).
 * Pure, so the console bundles it without the server's schema library.
 */
export const MEMBER_QUERY_PATTERN = '^(\\+[0-9]{5,20}|[A-Za-z0-9-]{3,32})$';
