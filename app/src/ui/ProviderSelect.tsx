// A labelled choice among the registered providers, by name and identifier; its value is the
// chosen provider's wallet address, or empty before a choice.

import type { ProviderProfile } from '../../../clients/typescript/medshare.ts';

export function ProviderSelect({
  id,
  label,
  providers,
  value,
  onChange,
}: {
  id: string;
  label: string;
  providers: ProviderProfile[];
  value: string;
  onChange: (wallet: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose a provider</option>
        {providers.map((profile) => (
          <option key={profile.wallet.toBase58()} value={profile.wallet.toBase58()}>
            {profile.name} ({profile.identifier})
          </option>
        ))}
      </select>
    </>
  );
}
