// A labelled <select> over 0..count-1 (a layer, a head): the control several widgets offer for picking an index.
export function IndexSelect({ label, count, value, onChange, testId, wrapLabel = false }: { label: string; count: number; value: number; onChange: (value: number) => void; testId?: string; wrapLabel?: boolean }) {
  return (
    <label>
      {wrapLabel ? <span>{label}</span> : label}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId}>
        {Array.from({ length: count }, (_, i) => (
          <option key={i} value={i}>
            {i}
          </option>
        ))}
      </select>
    </label>
  );
}
