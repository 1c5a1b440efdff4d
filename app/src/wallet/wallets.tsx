// The browser's Wallet Standard wallets and the one the user connected. The app speaks the
// standard itself (connect, account changes, sign a transaction or a message, Sign In With
// Solana): it bundles no adapter for other kinds of wallet, and the wallet it last connected
// reconnects silently after a reload.

import type { SolanaSignInInput, SolanaSignInOutput } from '@solana/wallet-standard-features';
import { SolanaSignIn, SolanaSignMessage, SolanaSignTransaction } from '@solana/wallet-standard-features';
import type { SolanaSignInFeature, SolanaSignMessageFeature, SolanaSignTransactionFeature } from '@solana/wallet-standard-features';
import { PublicKey, Transaction, VersionedTransaction } from '@solana/web3.js';
import { getWallets } from '@wallet-standard/app';
import type { Wallet, WalletAccount } from '@wallet-standard/base';
import { StandardConnect, StandardDisconnect, StandardEvents } from '@wallet-standard/features';
import type { StandardConnectFeature, StandardDisconnectFeature, StandardEventsFeature } from '@wallet-standard/features';
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';

const LAST_WALLET = 'medshare.wallet';

/** The connected account, with what it signs; `signIn` and `signMessage` where the wallet has them. */
export interface ConnectedWallet {
  name: string;
  account: WalletAccount;
  publicKey: PublicKey;
  signTransaction<T extends Transaction | VersionedTransaction>(transaction: T): Promise<T>;
  signAllTransactions<T extends Transaction | VersionedTransaction>(transactions: T[]): Promise<T[]>;
  signMessage?: (message: Uint8Array) => Promise<Uint8Array>;
  signIn?: (input: SolanaSignInInput) => Promise<SolanaSignInOutput>;
}

interface WalletState {
  /** The installed wallets that can connect and sign Solana transactions. */
  wallets: readonly Wallet[];
  connected?: ConnectedWallet;
  connecting: boolean;
  connect(wallet: Wallet): Promise<void>;
  disconnect(): Promise<void>;
}

const WalletContext = createContext<WalletState | undefined>(undefined);

export function useWallet(): WalletState {
  const state = useContext(WalletContext);
  if (!state) throw new Error('useWallet outside WalletProvider');
  return state;
}

const canSignSolana = (wallet: Wallet) =>
  StandardConnect in wallet.features && SolanaSignTransaction in wallet.features && wallet.chains.some((chain) => chain.startsWith('solana:'));

function useInstalledWallets(): readonly Wallet[] {
  const [wallets, setWallets] = useState<readonly Wallet[]>(() => getWallets().get().filter(canSignSolana));
  useEffect(() => {
    const registry = getWallets();
    const refresh = () => setWallets(registry.get().filter(canSignSolana));
    const off = [registry.on('register', refresh), registry.on('unregister', refresh)];
    refresh();
    return () => off.forEach((stop) => stop());
  }, []);
  return wallets;
}

const serialize = (transaction: Transaction | VersionedTransaction) =>
  transaction instanceof VersionedTransaction ? transaction.serialize() : transaction.serialize({ requireAllSignatures: false, verifySignatures: false });

const deserialize = <T extends Transaction | VersionedTransaction>(original: T, signed: Uint8Array): T =>
  (original instanceof VersionedTransaction ? VersionedTransaction.deserialize(signed) : Transaction.from(signed)) as T;

function signerFor(wallet: Wallet, account: WalletAccount): ConnectedWallet {
  const features = wallet.features as Partial<SolanaSignTransactionFeature & SolanaSignMessageFeature & SolanaSignInFeature>;
  const signTransaction = features[SolanaSignTransaction]!.signTransaction;
  const signAllTransactions = async <T extends Transaction | VersionedTransaction>(transactions: T[]) => {
    const outputs = await signTransaction(...transactions.map((transaction) => ({ account, transaction: serialize(transaction) })));
    return outputs.map(({ signedTransaction }, i) => deserialize(transactions[i], signedTransaction));
  };
  const signMessage = features[SolanaSignMessage]?.signMessage;
  const signIn = features[SolanaSignIn]?.signIn;
  return {
    name: wallet.name,
    account,
    publicKey: new PublicKey(account.publicKey),
    signAllTransactions,
    signTransaction: async (transaction) => (await signAllTransactions([transaction]))[0],
    signMessage: signMessage && (async (message) => (await signMessage({ account, message }))[0].signature),
    signIn: signIn && (async (input) => (await signIn(input))[0]),
  };
}

export function WalletProvider({ children }: { children: ReactNode }) {
  const wallets = useInstalledWallets();
  const [chosen, setChosen] = useState<{ wallet: Wallet; account: WalletAccount }>();
  const [connecting, setConnecting] = useState(false);

  const open = useCallback(async (wallet: Wallet, silent: boolean) => {
    setConnecting(true);
    try {
      const { accounts } = await (wallet.features as StandardConnectFeature)[StandardConnect].connect({ silent });
      const account = accounts[0] ?? wallet.accounts[0];
      if (!account) return;
      localStorage.setItem(LAST_WALLET, wallet.name);
      setChosen({ wallet, account });
    } finally {
      setConnecting(false);
    }
  }, []);

  // The wallet connected before a reload, once it has registered.
  useEffect(() => {
    const last = localStorage.getItem(LAST_WALLET);
    const wallet = wallets.find(({ name }) => name === last);
    if (!chosen && wallet) open(wallet, true).catch(() => localStorage.removeItem(LAST_WALLET));
  }, [wallets, chosen, open]);

  // The wallet may switch or drop the account by itself.
  useEffect(() => {
    if (!chosen) return;
    const events = (chosen.wallet.features as Partial<StandardEventsFeature>)[StandardEvents];
    return events?.on('change', ({ accounts }) => {
      if (!accounts || accounts[0]?.address === chosen.account.address) return;
      setChosen(accounts[0] ? { wallet: chosen.wallet, account: accounts[0] } : undefined);
    });
  }, [chosen]);

  const disconnect = useCallback(async () => {
    localStorage.removeItem(LAST_WALLET);
    const wallet = chosen?.wallet;
    setChosen(undefined);
    await (wallet?.features as Partial<StandardDisconnectFeature> | undefined)?.[StandardDisconnect]?.disconnect();
  }, [chosen]);

  const connected = useMemo(() => chosen && signerFor(chosen.wallet, chosen.account), [chosen]);
  const state = useMemo(
    () => ({ wallets, connected, connecting, connect: (wallet: Wallet) => open(wallet, false), disconnect }),
    [wallets, connected, connecting, open, disconnect],
  );
  return <WalletContext.Provider value={state}>{children}</WalletContext.Provider>;
}
