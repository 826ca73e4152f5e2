/** What each answer is asked with. */
export interface Settings {
  systemPrompt: string
  temperature: number
  maxTokens: number
}

/** The system prompt, temperature and length of the answers, folded away by default. */
export function ChatSettings({
  settings,
  onChange,
  disabled,
}: {
  settings: Settings
  onChange: (settings: Settings) => void
  disabled: boolean
}) {
  const set = (patch: Partial<Settings>) => onChange({ ...settings, ...patch })
  return (
    <details className="settings">
      <summary>
        Settings{' '}
        <span className="muted">
          temperature {settings.temperature.toFixed(1)} · up to {settings.maxTokens} tokens
        </span>
      </summary>
      <fieldset disabled={disabled}>
        <label>
          System prompt
          <textarea
            id="chat-system"
            rows={2}
            value={settings.systemPrompt}
            onChange={(e) => set({ systemPrompt: e.target.value })}
          />
        </label>
        <div className="row">
          <label>
            <span>
              Temperature{' '}
              <output htmlFor="chat-temperature">{settings.temperature.toFixed(1)}</output>
            </span>
            <input
              id="chat-temperature"
              type="range"
              min={0}
              max={2}
              step={0.1}
              value={settings.temperature}
              onChange={(e) => set({ temperature: Number(e.target.value) })}
            />
          </label>
          <label>
            Max tokens
            <input
              id="chat-max-tokens"
              type="number"
              min={1}
              max={4000}
              value={settings.maxTokens}
              onChange={(e) => set({ maxTokens: Math.max(1, Number(e.target.value) || 1) })}
            />
          </label>
        </div>
      </fieldset>
    </details>
  )
}
