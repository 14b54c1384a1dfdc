/** Version of the model's outputs; part of every cache key. Bump whenever a price for the same inputs can change. */
export const MODEL_VERSION = '2026.12.6';
