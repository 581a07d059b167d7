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
///
/// The work happens in two phases. First everything is checked through shared borrows, which
/// also yields the source's new balance. Then each account is updated through its own short
/// `&mut` borrow: the two exclusive borrows never overlap, so nothing needs to hold both at once.
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    let source = accounts.get(from).ok_or(TransferError::NoSuchAccount(from))?;
    if to >= accounts.len() {
        return Err(TransferError::NoSuchAccount(to));
    }
    if from == to {
        return Err(TransferError::SameAccount);
    }
    let remaining = source
        .balance
        .checked_sub(amount)
        .ok_or(TransferError::InsufficientFunds { balance: source.balance, amount })?;

    // Both indices were validated above, so plain indexing cannot go out of bounds.
    accounts[from].balance = remaining;
    accounts[to].balance += amount;
    Ok(())
}
