// A delivered disclosure opened with the provider's key: the granted sets, the withheld ones
// labelled, and the export as a FHIR R4 Bundle.

import type { BN } from '@anchor-lang/core';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { SummaryView } from '../record/SummaryView.tsx';
import { ErrorText } from '../ui/ErrorText.tsx';
import { shortAddress } from '../ui/format.ts';
import { useChainData } from '../ui/useChainData.ts';
import { download } from '../ui/download.ts';

export function Received({ medshare, offset, encryptionKey }: { medshare: Medshare; offset: BN; encryptionKey: EncryptionKey }) {
  const opened = useChainData(async () => {
    const [record, receipt] = await Promise.all([medshare.openDisclosure(offset, encryptionKey), medshare.awaitDisclosure(offset)]);
    return { ...record, receipt };
  }, [medshare, offset, encryptionKey]);
  return (
    <section className="card" aria-labelledby="received-heading" data-testid="received">
      <h2 id="received-heading" tabIndex={-1}>
        Record received (disclosure {offset.toString()})
      </h2>
      {opened.loading && <p>Decrypting…</p>}
      <ErrorText error={opened.error} />
      {opened.data && (
        <>
          <p>
            Patient <code>{shortAddress(opened.data.receipt.patient)}</code>, record version {opened.data.recordVersion.toString()}.
          </p>
          <SummaryView summary={opened.data.summary} fields={opened.data.fields} />
          <button
            type="button"
            onClick={async () => {
              // The FHIR writer loads with the first export: most visits never use it.
              const { bundleFromSummary } = await import('../../../clients/typescript/fhir/index.ts');
              download(`medshare-disclosure-${offset}.json`, 'application/fhir+json', JSON.stringify(bundleFromSummary(opened.data!.summary, opened.data!.fields), null, 2));
            }}
          >
            Export as FHIR R4 Bundle
          </button>
        </>
      )}
    </section>
  );
}
