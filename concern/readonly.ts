// The state is never changed in place: a decision returns a new state (concern/decide.ts), and the
// workflow keys its validator's cache on identity (the state and the configuration snapshot it
// checked), so their types are read-only all the way down and a change in place does not compile.
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
