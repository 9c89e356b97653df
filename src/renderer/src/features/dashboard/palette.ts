/**
 * The chart colours, read from the CSS variables of styles/tokens.css, so the canvas charts follow the
 * light and dark themes like the rest of the window.
 *
 * Invariants:
 * - styles/tokens.css stays the one place colours are defined; the fallbacks below (its light theme)
 *   are used only where there is no document (server rendering in tests).
 * - `usePalette` changes identity only when the colour scheme changes, which is the one time a
 *   chart is rebuilt (canvas colours cannot follow CSS on their own).
 */

import { useEffect, useState } from 'react';

export interface Palette {
  text: string;
  textMuted: string;
  textFaint: string;
  border: string;
  surface: string;
  accent: string;
  ok: string;
  warn: string;
  danger: string;
  sim: string;
}

export type PaletteColor = keyof Palette;

const VARIABLES: Record<PaletteColor, string> = {
  text: '--text',
  textMuted: '--text-muted',
  textFaint: '--text-faint',
  border: '--border',
  surface: '--surface',
  accent: '--accent',
  ok: '--ok',
  warn: '--warn',
  danger: '--danger',
  sim: '--sim',
};

export const FALLBACK_PALETTE: Readonly<Palette> = Object.freeze({
  text: '#1c1f24',
  textMuted: '#5d6572',
  textFaint: '#8a919c',
  border: '#e2e5ea',
  surface: '#ffffff',
  accent: '#2d6cdf',
  ok: '#1f9d55',
  warn: '#b7791f',
  danger: '#d03b3b',
  sim: '#6b46c1',
});

export function readPalette(): Palette {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return FALLBACK_PALETTE;
  const style = getComputedStyle(document.documentElement);
  const palette = { ...FALLBACK_PALETTE };
  for (const key of Object.keys(VARIABLES) as PaletteColor[]) {
    const value = style.getPropertyValue(VARIABLES[key]).trim();
    if (value !== '') palette[key] = value;
  }
  return palette;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function usePalette(): Palette {
  const [palette, setPalette] = useState<Palette>(readPalette);
  useEffect(() => {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = (): void => setPalette(readPalette());
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return palette;
}

/** `#rgb` or `#rrggbb` with an alpha, for translucent fills; other colour syntaxes as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (hex === undefined) return color;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const channel = (index: number): number => Number.parseInt(full.slice(index * 2, index * 2 + 2), 16);
  return `rgba(${channel(0)}, ${channel(1)}, ${channel(2)}, ${alpha})`;
}
