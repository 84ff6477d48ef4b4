/** Numbers, sizes, money and durations as the report writes them. */
export { byteSize as bytes, plural } from '../../core/wording.js';

export function capitalised(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

export function number(value: number): string {
  return value.toLocaleString('en-US');
}

export function dollars(amount: number): string {
  if (amount === 0) return '$0.00';
  return amount < 1 ? `$${amount.toFixed(6)}` : `$${amount.toFixed(2)}`;
}

export function usd(amount: number): string {
  return `${dollars(amount).slice(1)} USD`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${number(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
