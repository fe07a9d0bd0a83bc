// The benchmark's peer ships no types; this is the part the benchmark calls.
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): { name: string; help: string; type: string; metrics: unknown[] }[];
}
