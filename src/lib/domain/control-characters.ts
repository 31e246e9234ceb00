/**
 * The C0 control characters and DEL, except TAB, LF and CR (browsers send a textarea's line breaks
 * as CRLF). None belongs in anything a person types, and PostgreSQL cannot store U+0000 at all.
 * Forms and API bodies refuse them (server/forms.ts) and the database layer does too (db/control-characters-plugin.ts).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
export const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
