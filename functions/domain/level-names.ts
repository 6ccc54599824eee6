import type { Locale } from './money.js';
import type { LevelKind, PolicyLevel } from './policy.js';

/** The part of the policy that names levels. */
export interface PolicyLevels {
  levels: readonly PolicyLevel[];
}

const ENGLISH_ORDINALS = [
  'First',
  'Second',
  'Third',
  'Fourth',
  'Fifth',
  'Sixth',
  'Seventh',
  'Eighth',
  'Ninth',
];
const englishOrdinal = (ordinal: number) => ENGLISH_ORDINALS[ordinal - 1] ?? `${ordinal}th`;

/**
 * What people call a level of each kind when the operator gave it no name. `ordinal` counts the levels of
 * the same kind (1, 2, …); it is undefined for a kind the policy has only once, except for reminders, which
 * are always counted ("1. Mahnung").
 */
const DEFAULT_NAMES: Record<LevelKind, Record<Locale, (ordinal: number | undefined) => string>> = {
  reminder: {
    de: (ordinal) => `${ordinal ?? 1}. Mahnung`,
    en: (ordinal) => `${englishOrdinal(ordinal ?? 1)} reminder`,
  },
  call: {
    de: (ordinal) => (ordinal ? `${ordinal}. Mahnanruf` : 'Mahnanruf'),
    en: (ordinal) => (ordinal ? `${englishOrdinal(ordinal)} collection call` : 'Collection call'),
  },
  final: {
    de: (ordinal) => (ordinal ? `${ordinal}. letzte Mahnung` : 'Letzte Mahnung'),
    en: (ordinal) => (ordinal ? `${englishOrdinal(ordinal)} final notice` : 'Final notice'),
  },
  handover: {
    de: (ordinal) => (ordinal ? `${ordinal}. Übergabe an Inkasso` : 'Übergabe an Inkasso'),
    en: (ordinal) => (ordinal ? `${englishOrdinal(ordinal)} Inkasso handover` : 'Inkasso handover'),
  },
};

/** A level's name for people: the operator's own (policy `name`), else one by its kind and ordinal. */
export function nameOfLevel(levels: readonly PolicyLevel[], level: PolicyLevel, locale: Locale): string {
  if (level.name) return level.name[locale];
  const sameKind = levels.filter((candidate) => candidate.kind === level.kind);
  const counted = level.kind === 'reminder' || sameKind.length > 1;
  return DEFAULT_NAMES[level.kind][locale](counted ? sameKind.indexOf(level) + 1 : undefined);
}

/**
 * The name of the policy's level `levelId` for people, in their language. An id the policy does not know
 * (a level since removed, a stand-in id) stays as it is rather than being given a wrong name.
 */
export function levelName(policy: PolicyLevels, levelId: string, locale: Locale): string {
  const level = policy.levels.find((candidate) => candidate.id === levelId);
  return level ? nameOfLevel(policy.levels, level, locale) : levelId;
}
