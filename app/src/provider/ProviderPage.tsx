// The provider's page: publish a key under a profile, pull granted records and open them,
// the inbox of past disclosures, break-glass where the access configuration allows it,
// attesting diagnoses when accredited, verifying attestations patients send, and eligibility
// questions: asking one under a patient's allowance, or opening an answer a patient sent.

import { useState } from 'react';
import type { BN } from '@anchor-lang/core';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { useChainData } from '../ui/useChainData.ts';
import { KeyPanel } from '../wallet/KeyPanel.tsx';
import { useEncryptionKey } from '../wallet/useEncryptionKey.ts';
import { useMedshare } from '../wallet/useMedshare.ts';
import { accreditationOf } from '../../../clients/typescript/attestations.ts';
import { Attest } from './Attest.tsx';
import { BreakGlass } from './BreakGlass.tsx';
import { Inbox } from './Inbox.tsx';
import { PublishWalletKey } from './PublishWalletKey.tsx';
import { PullRecord } from './PullRecord.tsx';
import { ProviderQuestions } from './Questions.tsx';
import { Received } from './Received.tsx';
import { RegisterProfile } from './RegisterProfile.tsx';
import { RetireProfile } from './RetireProfile.tsx';
import { VerifyAttestation } from './VerifyAttestation.tsx';
import { ProviderDocuments } from '../documents/ProviderDocuments.tsx';

export function ProviderPage() {
  const medshare = useMedshare()!;
  const profile = useChainData(() => medshare.providerProfile(), [medshare]);
  const config = useChainData(() => medshare.accessConfig(), [medshare]);
  const accreditation = useChainData(() => accreditationOf(medshare, medshare.wallet), [medshare]);
  const encryption = useEncryptionKey();
  const [opened, setOpened] = useState<BN>();
  const [inboxRound, setInboxRound] = useState(0);
  // Only before the first answer, as on the patient's page.
  if (profile.data === undefined && !profile.error) return <p>Reading your provider profile…</p>;
  if (profile.error) return <ErrorText error={profile.error} />;
  const published = profile.data ? Uint8Array.from(profile.data.encryptionKey) : undefined;
  const { state } = encryption;
  const onBreakGlassList = config.data?.emergencyProviders.some((wallet) => wallet.equals(medshare.wallet)) ?? false;
  const received = (offset: BN) => {
    setOpened(offset);
    setInboxRound((n) => n + 1);
  };
  return (
    <>
      {profile.data && (
        <p className="profile" data-testid="profile">
          Registered as <strong>{profile.data.name}</strong> ({profile.data.identifier}), key version {profile.data.keyVersion}
        </p>
      )}
      <KeyPanel
        encryption={encryption}
        published={published}
        what="the records shared with you"
        withoutFile="Records already delivered to the old key cannot be opened; publish your wallet's key to receive new ones."
      />
      {state.status === 'ready' && (
        <>
          {!profile.data && <RegisterProfile medshare={medshare} encryptionKey={state.key} onRegistered={profile.reload} />}
          {published && (state.generation === undefined || !sameKey(published, state.key.public)) && (
            <PublishWalletKey medshare={medshare} keys={state.keys} onPublished={(generation) => (encryption.adoptGeneration(state.keys, generation), profile.reload())} />
          )}
          {profile.data && (
            <>
              <PullRecord medshare={medshare} onReceived={received} />
              {onBreakGlassList && <BreakGlass medshare={medshare} onReceived={received} />}
              {opened && <Received medshare={medshare} offset={opened} encryptionKey={state.key} />}
              <Inbox medshare={medshare} round={inboxRound} onOpen={setOpened} />
              <ProviderDocuments medshare={medshare} encryptionKey={state.key} />
              {accreditation.data && !accreditation.data.withdrawnAt && <Attest medshare={medshare} />}
              <VerifyAttestation medshare={medshare} encryptionKey={state.key} />
              <ProviderQuestions medshare={medshare} encryptionKey={state.key} />
              <RetireProfile medshare={medshare} onRetired={profile.reload} />
            </>
          )}
        </>
      )}
    </>
  );
}

const sameKey = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, index) => byte === b[index]);
