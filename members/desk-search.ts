/**
 * What staff type at the service desk to find a member, as GET /members takes it (`q`) and the
 * console checks it before asking: a whole phone, perhaps with a leading +; 3 to 32 letters, digits
 * or - (a phone's last four digits, a member number's beginning or end, a phone without +); or part
 * of a member's name, which is anything but digits alone. A name as it is kept is here too, so the
 * search takes whatever a name may hold. Pure, so the console bundles it without the server's
 * schema library; the patterns are for regular expressions with the u flag (as the schemas' are).
 */

/** Control characters (C0, DEL and C1): no part of a name. */
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
/** 1 to 40 characters, no control characters, no space at either end. */
const NAME = `[^\\s${CONTROL}](?:[^${CONTROL}]{0,38}[^\\s${CONTROL}])?`;

export const MEMBER_NAME_MAX = 40;
export const MEMBER_NAME_PATTERN = `^${NAME}$`;
export const MEMBER_QUERY_PATTERN = `^(\\+[0-9]{5,20}|[A-Za-z0-9-]{3,32}|(?![0-9+-]*$)${NAME})$`;

/** Whether what was typed is looked for in names too: not when it is a phone's or a card's digits. */
export const findsNames = (q: string) => !/^[0-9+-]*$/.test(q);
