use junior_02_borrowing::{transfer, Account, TransferError};

fn ledger() -> Vec<Account> {
    vec![Account::new("ana", 100), Account::new("ben", 50), Account::new("cleo", 0)]
}

fn balances(accounts: &[Account]) -> Vec<u64> {
    accounts.iter().map(|account| account.balance).collect()
}

#[test]
fn moves_money_between_two_accounts() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 0, 1, 30), Ok(()));
    assert_eq!(balances(&accounts), [70, 80, 0]);
}

#[test]
fn refuses_to_overdraw() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 0, 2, 101), Err(TransferError::InsufficientFunds { balance: 100, amount: 101 }));
    assert_eq!(accounts, ledger());
}

#[test]
fn several_transfers_keep_the_total() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 0, 2, 40), Ok(()));
    assert_eq!(transfer(&mut accounts, 1, 2, 50), Ok(()));
    assert_eq!(balances(&accounts), [60, 0, 90]);
    assert_eq!(balances(&accounts).iter().sum::<u64>(), 150);
}
