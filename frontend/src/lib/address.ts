import { regionName } from './format';

export interface PostalAddress {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postal_code?: string | null;
  /** ISO 3166-1 alpha-2, e.g. GB. */
  country?: string | null;
}

type Layout = (a: PostalAddress) => (string | null | undefined)[];

const join = (separator: string, ...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(separator);

// How the country's post writes the lines under the street (Royal Mail, USPS, UPU S42 templates).
const LAYOUTS: Record<string, Layout> = {
  // Town, county and postcode each on their own line.
  GB: (a) => [a.city, a.region, a.postal_code],
  IE: (a) => [a.city, a.region, a.postal_code],
  // "Springfield, IL 62704"
  US: (a) => [join(' ', join(', ', a.city, a.region), a.postal_code)],
  CA: (a) => [join(' ', join(', ', a.city, a.region), a.postal_code)],
  // "Surry Hills NSW 2010"
  AU: (a) => [join(' ', a.city, a.region, a.postal_code)],
};
// Most of Europe and beyond: "10115 Berlin", then the region when there is one.
const DEFAULT_LAYOUT: Layout = (a) => [join(' ', a.postal_code, a.city), a.region];

/** An address as the lines its country writes it in, the country named last. */
export function addressLines(address: PostalAddress | null | undefined): string[] {
  if (!address) return [];
  const country = address.country?.toUpperCase() ?? '';
  const layout = LAYOUTS[country] ?? DEFAULT_LAYOUT;
  return [address.line1, address.line2, ...layout(address), country ? regionName(country) : null]
    .map((line) => line?.trim())
    .filter((line): line is string => Boolean(line));
}
