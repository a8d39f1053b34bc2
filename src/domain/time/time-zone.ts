/**
 * Whether this runtime's time zone data knows `zone`: an IANA name (`Europe/Paris`, in any case) or a fixed offset
 * such as `+01:00`, as `Intl.DateTimeFormat` accepts them.
 *
 * @example isKnownTimeZone('America/Los_Angeles') // => true
 * @example isKnownTimeZone('+01:00') // => true
 * @example isKnownTimeZone('Mars/Olympus_Mons') // => false
 */
export const isKnownTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether `zone` is a time zone the runtime knows that is not a fixed offset: an offset such as `+01:00` has no DST
 * rules, so a team that writes one would see its clocks drift from its own twice a year.
 *
 * @example isIanaTimeZone('Pacific/Auckland') // => true
 * @example isIanaTimeZone('+12:00') // => false
 */
export const isIanaTimeZone = (zone: string): boolean => !/^[+-]/.test(zone) && isKnownTimeZone(zone);
