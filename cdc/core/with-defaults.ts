/**
 * `defaults` overridden by the options the caller set: an option given as `undefined` (say, a
 * test passing its own knob through unset) keeps the default instead of erasing it.
 */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...defaults, ...given } as D & O;
}
