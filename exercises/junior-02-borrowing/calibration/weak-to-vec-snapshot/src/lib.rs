//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.

/// One account of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub owner: String,
    /// Balance in cents.
    pub balance: u64,
}

impl Account {
    pub fn new(owner: &str, balance: u64) -> Self {
        Account { owner: owner.to_string(), balance }
    }
}

/// Why a transfer was refused. A refused transfer changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    /// The index (`from` or `to`) does not point at an account.
    NoSuchAccount(usize),
    /// `from` and `to` are the same account.
    SameAccount,
    /// The source account holds less than the amount.
    InsufficientFunds { balance: u64, amount: u64 },
}

/// Moves `amount` cents from `accounts[from]` to `accounts[to]`.
///
/// See README.md for the full rules.
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    let balances: Vec<u64> = accounts.iter().map(|a| a.balance).collect();
    if from >= balances.len() {
        return Err(TransferError::NoSuchAccount(from));
    }
    if to >= balances.len() {
        return Err(TransferError::NoSuchAccount(to));
    }
    if from == to {
        return Err(TransferError::SameAccount);
    }
    if balances[from] < amount {
        return Err(TransferError::InsufficientFunds { balance: balances[from], amount });
    }

    // edit a snapshot of the ledger, then write it back
    let mut updated = accounts.to_vec();
    updated[from].balance = balances[from] - amount;
    updated[to].balance = balances[to] + amount;
    for (slot, account) in accounts.iter_mut().zip(updated) {
        *slot = account;
    }
    Ok(())
}
