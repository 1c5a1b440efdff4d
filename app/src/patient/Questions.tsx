// Eligibility questions about the patient's record: allowing a provider a number of yes-or-no
// questions (and no field), the questions asked so far (who, when, what, and whether the cluster
// answered: the answer itself went to the asker alone), and answering a provider's question
// directly, which sends it one yes or no and nothing else.

import type BN from 'bn.js';
import { useId, useState } from 'react';
import { statusWords } from '../../../clients/typescript/audit.ts';
import { TERMS, answerFor, askedQuestion, describeQuestion, grantEligibility } from '../../../clients/typescript/eligibility.ts';
import type { Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { ProviderSelect } from '../ui/ProviderSelect.tsx';
import { NO_QUESTION, QuestionFields, questionOf } from '../ui/QuestionFields.tsx';
import { Table } from '../ui/Table.tsx';
import { date } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';
import { useChainData } from '../ui/useChainData.ts';

/** The kinds of question a provider may be allowed, as the form and its summary name them. */
const TERM_NAMES: [number, string][] = [
  [TERMS.conditions, 'diagnoses'],
  [TERMS.medications, 'medications'],
  [TERMS.allergies, 'allergies'],
  [TERMS.sex, 'sex'],
  [TERMS.age, 'age'],
];
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function Questions({ medshare }: { medshare: Medshare }) {
  const id = useId();
  const list = useChainData(async () => {
    const [receipts, providers] = await Promise.all([medshare.disclosures({ patient: medshare.wallet }), medshare.providers()]);
    const answers = receipts.filter((receipt) => receipt.subject.answer);
    const questions = await Promise.all(answers.map((receipt) => askedQuestion(medshare, receipt).then(describeQuestion, () => 'not found in the history')));
    return { answers, questions, providers };
  }, [medshare]);
  const [verifier, setVerifier] = useState('');
  const [terms, setTerms] = useState(0);
  const [count, setCount] = useState('1');
  const [until, setUntil] = useState(inDays(30));
  const [allowed, setAllowed] = useState<string>();
  const [recipient, setRecipient] = useState('');
  const [input, setInput] = useState(NO_QUESTION);
  const [sent, setSent] = useState<{ offset: BN; name: string; question: string }>();
  const allowing = useAction();
  const answering = useAction();
  if (!list.data) return <ErrorText error={list.error} />;
  const { answers, questions, providers } = list.data;
  const name = (wallet: string) => providers.find((profile) => profile.wallet.toBase58() === wallet)?.name ?? wallet;
  const chosen = providers.find(({ wallet }) => wallet.toBase58() === verifier);
  const kinds = TERM_NAMES.filter(([bit]) => terms & bit).map(([, noun]) => noun);
  const number = Number(count);

  const allow = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!chosen) return allowing.setError('Choose the provider to allow questions.');
    if (terms === 0) return allowing.setError('Choose at least one kind of question.');
    if (!Number.isInteger(number) || number < 1 || number > 100) return allowing.setError('Allow from 1 to 100 questions.');
    const expiresAt = Math.floor(Date.parse(`${until}T23:59:59Z`) / 1000);
    if (!Number.isFinite(expiresAt) || expiresAt * 1000 <= Date.now()) return allowing.setError('Choose an end date in the future.');
    const done = await allowing.run('Confirm in your wallet…', () => grantEligibility(medshare, chosen.wallet, terms, number, expiresAt), 'Questions allowed.');
    if (done) setAllowed(`${chosen.name} may ask ${number} question${number === 1 ? '' : 's'} until ${until}.`);
  };

  const answer = async (event: React.FormEvent) => {
    event.preventDefault();
    const profile = providers.find(({ wallet }) => wallet.toBase58() === recipient);
    if (!profile) return answering.setError('Choose the provider to answer.');
    let question;
    try {
      question = questionOf(input);
    } catch (error) {
      return answering.setError((error as Error).message);
    }
    const offset = await answering.run('Confirm the answer in your wallet…', () => answerFor(medshare, Uint8Array.from(profile.encryptionKey), question), 'Answered.');
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
      <form onSubmit={allow} aria-label="Allow questions">
        <h3>Allow a provider questions</h3>
        <ProviderSelect id={`${id}-verifier`} label="Provider" providers={providers} value={verifier} onChange={setVerifier} />
        <fieldset>
          <legend>About</legend>
          {TERM_NAMES.map(([bit, noun]) => (
            <label key={bit} className="check">
              <input type="checkbox" checked={(terms & bit) !== 0} onChange={(event) => setTerms(event.target.checked ? terms | bit : terms & ~bit)} /> About{' '}
              {noun}
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${id}-count`}>Number of questions</label>
        <input id={`${id}-count`} inputMode="numeric" value={count} onChange={(event) => setCount(event.target.value)} autoComplete="off" />
        <label htmlFor={`${id}-until`}>Until (inclusive)</label>
        <input id={`${id}-until`} type="date" value={until} onChange={(event) => setUntil(event.target.value)} />
        {chosen && terms !== 0 && Number.isInteger(number) && number > 0 && (
          <p className="hint" data-testid="allowance-summary">
            {chosen.name} may ask up to {number} yes-or-no question{number === 1 ? '' : 's'} about your {kinds.join(', ')} until the end of {until} (UTC),
            and sees no part of your record. {number} answer{number === 1 ? '' : 's'} tell at most {number} thing{number === 1 ? '' : 's'} about you.
            This replaces any grant you gave {chosen.name}.
          </p>
        )}
        <button type="submit" disabled={allowing.pending}>
          Sign and allow
        </button>
      </form>
      <ErrorText error={allowing.error} />
      {allowed && <p data-testid="questions-allowed">{allowed}</p>}
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
        <QuestionFields id={`${id}-question`} value={input} onChange={setInput} />
        <button type="submit" disabled={answering.pending}>
          Answer
        </button>
      </form>
      <ErrorText error={answering.error} />
      {sent && (
        <p data-testid="question-answered">
          Answered “{sent.question}” as disclosure <strong>{sent.offset.toString()}</strong>: give {sent.name} this number to read the answer.
        </p>
      )}
    </section>
  );
}
