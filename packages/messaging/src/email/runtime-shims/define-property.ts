/**
 * Stands in for `@babel/runtime-corejs3/helpers/esm/defineProperty` (see `trim.ts`): Babel's class
 * field helper, on the runtime's own `Object.defineProperty`.
 */
export default function defineProperty<T extends object>(target: T, key: PropertyKey, value: unknown): T {
  if (key in target) {
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  } else {
    (target as Record<PropertyKey, unknown>)[key] = value;
  }
  return target;
}
