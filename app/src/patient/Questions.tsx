// Eligibility questions about the patient's record: who asked what, when, and whether the cluster
// answered (the answer itself went to the asker alone); and answering a provider's question
// directly, which sends it one yes or no and nothing else.

import type BN from 'bn.js';
import { useId, useState } from 'react';
import { statusWords } from '../../../clients/typescript/audit.ts';
import { answerFor, askedQuestion, describeQuestion, encodeQuestion } from '../../../clients/typescript/eligibility.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ALLERGENS } from '../../../clients/typescript/record.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { ProviderSelect } from '../ui/ProviderSelect.tsx';
import { Table } from '../ui/Table.tsx';
import { date } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

export function Questions({ medshare }: { medshare: Medshare }) {
  const id = useId();
  const list = useChainData(async () => {
    const [receipts, providers] = await Promise.all([medshare.disclosures({ patient: medshare.wallet }), medshare.providers()]);
    const answers = receipts.filter((receipt) => receipt.subject.answer);
    const questions = await Promise.all(answers.map((receipt) => askedQuestion(medshare, receipt).then(describeQuestion, () => 'not found in the history')));
    return { answers, questions, providers };
  }, [medshare]);
  const [recipient, setRecipient] = useState('');
  const [diagnosis, setDiagnosis] = useState('');
  const [youngest, setYoungest] = useState('');
  const [oldest, setOldest] = useState('');
  const [notAllergic, setNotAllergic] = useState('');
  const [sent, setSent] = useState<{ offset: BN; name: string; question: string }>();
  const action = useAction();
  if (!list.data) return <ErrorText error={list.error} />;
  const { answers, questions, providers } = list.data;
  const name = (wallet: string) => providers.find((profile) => profile.wallet.toBase58() === wallet)?.name ?? wallet;

  const answer = async (event: React.FormEvent) => {
    event.preventDefault();
    const profile = providers.find(({ wallet }) => wallet.toBase58() === recipient);
    if (!profile) return action.setError('Choose the provider to answer.');
    if (!diagnosis && !youngest && !oldest && !notAllergic) return action.setError('Ask at least one thing: a diagnosis, an age range or an allergy.');
    let question;
    try {
      question = encodeQuestion({
        conditions: diagnosis ? [{ prefix: diagnosis, present: true }] : [],
        allergies: notAllergic ? [{ index: Number(notAllergic), present: false }] : [],
        ages: youngest || oldest ? { youngest: Number(youngest || 0), oldest: Number(oldest || 120), on: new Date().toISOString().slice(0, 10) } : undefined,
      });
    } catch (error) {
      return action.setError(`${(error as Error).message}.`);
    }
    const offset = await action.run('Confirm the answer in your wallet…', () => answerFor(medshare, Uint8Array.from(profile.encryptionKey), question), 'Answered.');
    if (offset) {
      setSent({ offset, name: profile.name, question: describeQuestion(question) });
      list.reload();
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Questions about your record</h2>
      <p>
        A provider you allow questions asks yes-or-no questions; the cluster answers each one for its key alone, from your encrypted record. Each
        answer tells it one thing about you.
      </p>
      {answers.length === 0 ? (
        <p>Nobody has asked about your record.</p>
      ) : (
        <Table caption="Questions asked about your record" columns={['Asked by', 'On', 'Question', 'Status']}>
          {answers.map((receipt, i) => (
            <tr key={receipt.computationOffset.toString()} data-testid="question-row">
              <td>{receipt.basis.patient ? `you, for ${name(receipt.provider.toBase58())}` : name(receipt.provider.toBase58())}</td>
              <td>{date(receipt.queuedAt)}</td>
              <td>{questions[i]}</td>
              <td>{statusWords(receipt.status)}</td>
            </tr>
          ))}
        </Table>
      )}
      <form onSubmit={answer} aria-label="Answer a question">
        <h3>Answer a question yourself</h3>
        <ProviderSelect id={`${id}-to`} label="Answer for" providers={providers} value={recipient} onChange={setRecipient} />
        <label htmlFor={`${id}-diagnosis`}>Diagnosis under (ICD-10, optional)</label>
        <input id={`${id}-diagnosis`} value={diagnosis} onChange={(event) => setDiagnosis(event.target.value)} placeholder="E11" />
        <label htmlFor={`${id}-from`}>Aged from (optional)</label>
        <input id={`${id}-from`} inputMode="numeric" value={youngest} onChange={(event) => setYoungest(event.target.value)} />
        <label htmlFor={`${id}-to-age`}>Aged to (optional)</label>
        <input id={`${id}-to-age`} inputMode="numeric" value={oldest} onChange={(event) => setOldest(event.target.value)} />
        <label htmlFor={`${id}-allergy`}>Not allergic to (optional)</label>
        <select id={`${id}-allergy`} value={notAllergic} onChange={(event) => setNotAllergic(event.target.value)}>
          <option value="">Any allergies</option>
          {ALLERGENS.map((allergen, index) => (
            <option key={allergen.name} value={index}>
              {allergen.name}
            </option>
          ))}
        </select>
        <button type="submit" disabled={action.pending}>
          Answer
        </button>
      </form>
      <ErrorText error={action.error} />
      {sent && (
        <p data-testid="question-answered">
          Answered “{sent.question}” as disclosure <strong>{sent.offset.toString()}</strong>: give {sent.name} this number to read the answer.
        </p>
      )}
    </section>
  );
}
