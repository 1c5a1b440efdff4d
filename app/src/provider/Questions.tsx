// Eligibility questions from the provider's side: asking one about a patient under their
// eligibility grant, and opening an answer a patient sent; each answer is shown with the question
// it answers, checked against the receipt and the tag encrypted beside it.

import BN from 'bn.js';
import { useId, useState } from 'react';
import { askQuestion, askedQuestion, describeQuestion, openAnswer } from '../../../clients/typescript/eligibility.ts';
import type { EncryptionKey, Medshare } from '../../../clients/typescript/medshare.ts';
import { ErrorText } from '../ui/ErrorText.tsx';
import { NO_QUESTION, QuestionFields, questionOf } from '../ui/QuestionFields.tsx';
import { parseAddress } from '../ui/format.ts';
import { useAction } from '../ui/useAction.ts';

export function ProviderQuestions({ medshare, encryptionKey }: { medshare: Medshare; encryptionKey: EncryptionKey }) {
  const id = useId();
  const [patient, setPatient] = useState('');
  const [input, setInput] = useState(NO_QUESTION);
  const [offset, setOffset] = useState('');
  const [result, setResult] = useState<{ question: string; yes: boolean }>();
  const asking = useAction();
  const opening = useAction();

  const ask = async (event: React.FormEvent) => {
    event.preventDefault();
    const wallet = parseAddress(patient);
    if (!wallet) return asking.setError("Enter the patient's wallet address.");
    let question;
    try {
      question = questionOf(input);
    } catch (error) {
      return asking.setError((error as Error).message);
    }
    setResult(undefined);
    const answer = await asking.run('Confirm the question in your wallet, then the cluster answers it…', async () => {
      const queued = await askQuestion(medshare, wallet, question);
      return openAnswer(medshare, queued, question, encryptionKey);
    });
    if (answer) setResult({ question: describeQuestion(question), yes: answer.yes });
  };

  const open = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d+$/.test(offset.trim())) return opening.setError('Enter the disclosure number the patient gave you.');
    setResult(undefined);
    const answer = await opening.run('Reading the answer…', async () => {
      const number = new BN(offset.trim());
      const receipt = await medshare.awaitDisclosure(number);
      const question = await askedQuestion(medshare, receipt);
      const { yes } = await openAnswer(medshare, number, question, encryptionKey);
      return { question: describeQuestion(question), yes };
    });
    if (answer) setResult(answer);
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Eligibility questions</h2>
      <form onSubmit={ask} aria-label="Ask a question">
        <h3>Ask under a patient's allowance</h3>
        <label htmlFor={`${id}-patient`}>Patient's wallet address</label>
        <input id={`${id}-patient`} value={patient} onChange={(event) => setPatient(event.target.value)} autoComplete="off" />
        <QuestionFields id={`${id}-question`} value={input} onChange={setInput} />
        <button type="submit" disabled={asking.pending}>
          Ask
        </button>
      </form>
      <ErrorText error={asking.error} />
      <form onSubmit={open} aria-label="Open an answer">
        <h3>Open an answer a patient sent</h3>
        <label htmlFor={`${id}-offset`}>Number of the answer</label>
        <input id={`${id}-offset`} inputMode="numeric" value={offset} onChange={(event) => setOffset(event.target.value)} autoComplete="off" />
        <button type="submit" disabled={opening.pending}>
          Open
        </button>
      </form>
      <ErrorText error={opening.error} />
      {result && (
        <p data-testid="answer" role="status">
          “{result.question}”: <strong>{result.yes ? 'yes' : 'no'}</strong>
        </p>
      )}
    </section>
  );
}
