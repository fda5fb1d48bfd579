import parsePrometheusTextFormat from 'parse-prometheus-text-format';

interface Family {
  name: string;
  type: string;
  metrics: { labels?: Record<string, string>; value?: string; count?: string; sum?: string }[];
}

/** A process's /metrics, read with a Prometheus text-format parser (not our own regexes). */
export async function scrape(url: string): Promise<Map<string, Family>> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`${url}/metrics answered ${response.status}`);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const families = parsePrometheusTextFormat(await response.text()) as Family[];
  return new Map(families.map((f) => [f.name, f]));
}

/** The sum of a counter's or gauge's samples with these labels; 0 when absent. */
export function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  const matching = (family?.metrics ?? []).filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return matching.reduce((sum, m) => sum + Number(m.value ?? 0), 0);
}
