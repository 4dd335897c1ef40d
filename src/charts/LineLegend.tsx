// A legend for line charts: a short stroke in each series' colour and dash, then its name. Hidden from screen
// readers because every chart names its series in its own accessible text.
export interface LegendEntry {
  id: string;
  label: string;
  color: string;
  dash?: string;
}

export function LineLegend({ entries, className = 'legend' }: { entries: LegendEntry[]; className?: string }) {
  return (
    <ul className={className} aria-hidden="true">
      {entries.map((s) => (
        <li key={s.id}>
          <svg width="22" height="10">
            <line x1="1" x2="21" y1="5" y2="5" stroke={s.color} strokeWidth={2.5} strokeDasharray={s.dash} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}
