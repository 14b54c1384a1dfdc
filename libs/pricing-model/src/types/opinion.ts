import type { z } from 'zod';
import type {
  inPlayPlayerSchema,
  inPlaySchema,
  modelOptionsSchema,
  opinionSchema,
  playerSchema,
  teamSchema,
} from '../schemas';

/** A trader's opinion for one fixture, as validated by {@link parseOpinion} (the API contract's model inputs). */
export type Opinion = z.output<typeof opinionSchema>;
/** One team's expected full-time counts. */
export type TeamInputs = z.output<typeof teamSchema>;
/** One player's shares of his team's goals and cards. */
export type PlayerInputs = z.output<typeof playerSchema>;
/** The optional `model` block of an opinion; omitted fields take {@link DEFAULT_MODEL_OPTIONS}. */
export type ModelOptions = z.output<typeof modelOptionsSchema>;
/** The `model` block with every field resolved (what a built model records). */
export type ResolvedModelOptions = Required<ModelOptions>;
/** The match as it stands (`inPlay` of an opinion), as validated by {@link parseOpinion}. */
export type InPlayState = z.output<typeof inPlaySchema>;
/** One player's goals, cards and whether he is still on the pitch, in an {@link InPlayState}. */
export type InPlayPlayer = z.output<typeof inPlayPlayerSchema>;
