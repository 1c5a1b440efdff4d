// Failures in words: the program's own errors by their IDL name and message, Anchor's, the Arcium
// program's (medshare's codes start at 7000, Arcium's at 6000, so a code names one of them), the
// runtime's, and a wallet's refusal. The web app shows `explain`; tests compare `refusalName`.

import { AnchorError, LangErrorCode, ProgramError } from '@anchor-lang/core';
import idl from '../../idl/share_medical_records.json';

interface KnownError {
  code: number;
  name: string;
  msg?: string;
}

/**
 * The Arcium program's errors, which `arcium.ts` hands over when it loads the Arcium client:
 * every request that can meet one loads it first, and a page that shows errors need not load
 * the client to show them.
 */
const arciumErrors: KnownError[] = [];
export function knowArciumErrors(errors: readonly KnownError[]): void {
  arciumErrors.splice(0, arciumErrors.length, ...errors);
}

const CUSTOM_ERROR = /custom program error: 0x([0-9a-f]+)/;

/** The name of the program error (medshare's or Anchor's) a rejected call carries, if any. */
export function refusalName(error: unknown): string | undefined {
  if (error instanceof AnchorError) return error.error.errorCode.code;
  const code = error instanceof ProgramError ? error.code : customCode(error);
  if (code === undefined) return undefined;
  const own = idl.errors.find((known) => known.code === code)?.name;
  const anchor = Object.entries(LangErrorCode).find(([, value]) => value === code)?.[0];
  const arcium = arciumErrors.find((known) => known.code === code)?.name;
  return own ?? anchor ?? arcium ?? `error ${code}`;
}

// Natively run programs print their messages rather than log them, so Anchor cannot always name
// the error; the code in the runtime's own message still does.
function customCode(error: unknown): number | undefined {
  const code = CUSTOM_ERROR.exec(String(error))?.[1];
  return code === undefined ? undefined : parseInt(code, 16);
}

/** The system program's `AccountAlreadyInUse` (the receipt) and Arcium's `AlreadyInitializedComputation`. */
const OFFSET_TAKEN = [0, 6203];

/** Whether a request failed only because its computation offset was taken: draw another. */
export function offsetTaken(error: unknown): boolean {
  const code = error instanceof ProgramError ? error.code : customCode(error);
  return code !== undefined && OFFSET_TAKEN.includes(code);
}

const ANCHOR_WORDS: Record<string, string> = {
  AccountNotInitialized: 'the account it needs does not exist on chain',
  ConstraintSeeds: 'an account given is not the one this wallet may use',
  ConstraintHasOne: 'an account given belongs to someone else',
  AccountOwnedByWrongProgram: 'an account given does not belong to medshare',
};

const ARCIUM_WORDS: Record<string, string> = {
  ComputationNotExpired: 'the request may still be answered, and can be closed out only once it has waited 180 slots (about 72 s) unanswered; try again then',
};

/** One sentence a person can act on; "nothing was changed" wherever the chain or the wallet refused. */
export function explain(error: unknown): string {
  const name = refusalName(error);
  if (name) {
    const own = idl.errors.find((known) => known.name === name)?.msg;
    const arcium = arciumErrors.find((known) => known.name === name)?.msg;
    if (!own && arcium) return `The Arcium network refused the computation: ${(ARCIUM_WORDS[name] ?? arcium).replace(/\.$/, '')}. Nothing was changed.`;
    const words = own ?? ANCHOR_WORDS[name] ?? `error ${name}`;
    return `The program refused: ${words.replace(/\.$/, '')}. Nothing was changed.`;
  }
  const text = error instanceof Error ? error.message : String(error);
  if (/reject|declin|denied|cancel/i.test(text) && /user|wallet|request/i.test(text)) {
    return 'You declined the request in your wallet. Nothing was changed.';
  }
  if (/no record of a prior credit|insufficient (lamports|funds)/i.test(text)) {
    return 'Your wallet has no SOL, or too little, on this cluster to pay for the transaction. Nothing was changed.';
  }
  if (/failed to fetch|ECONNREFUSED|fetch failed|NetworkError/i.test(text)) {
    return 'The chain cannot be reached at the RPC URL in the settings. Nothing was changed.';
  }
  return text;
}
