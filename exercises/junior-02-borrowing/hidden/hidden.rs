use junior_02_borrowing::{transfer, Account, TransferError};

fn ledger() -> Vec<Account> {
    vec![Account::new("dan", 10), Account::new("eve", 20), Account::new("finn", 30), Account::new("gus", 40)]
}

fn balances(accounts: &[Account]) -> Vec<u64> {
    accounts.iter().map(|account| account.balance).collect()
}

#[test]
fn transfer_towards_a_lower_index() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 3, 0, 25), Ok(()));
    assert_eq!(balances(&accounts), [35, 20, 30, 15]);
    assert_eq!(transfer(&mut accounts, 2, 1, 30), Ok(()));
    assert_eq!(balances(&accounts), [35, 50, 0, 15]);
}

#[test]
fn transfer_to_self_is_rejected() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 2, 2, 5), Err(TransferError::SameAccount));
    assert_eq!(transfer(&mut accounts, 0, 0, 1_000), Err(TransferError::SameAccount));
    assert_eq!(accounts, ledger());
}

#[test]
fn unknown_source_is_rejected() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 4, 1, 5), Err(TransferError::NoSuchAccount(4)));
    assert_eq!(transfer(&mut accounts, usize::MAX, 0, 5), Err(TransferError::NoSuchAccount(usize::MAX)));
    assert_eq!(accounts, ledger());
}

#[test]
fn unknown_target_is_rejected() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 1, 7, 5), Err(TransferError::NoSuchAccount(7)));
    assert_eq!(accounts, ledger());
}

#[test]
fn an_unknown_source_is_reported_before_an_unknown_target() {
    let mut empty: Vec<Account> = Vec::new();
    assert_eq!(transfer(&mut empty, 0, 0, 1), Err(TransferError::NoSuchAccount(0)));
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 9, 8, 1), Err(TransferError::NoSuchAccount(9)));
    assert_eq!(accounts, ledger());
}

#[test]
fn an_unknown_target_is_reported_before_missing_funds() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 0, 8, 1_000), Err(TransferError::NoSuchAccount(8)));
    assert_eq!(accounts, ledger());
}

#[test]
fn the_same_account_is_reported_before_missing_funds() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 1, 1, 1_000), Err(TransferError::SameAccount));
    assert_eq!(accounts, ledger());
}

#[test]
fn whole_balance_can_be_sent() {
    let mut accounts = [Account::new("hal", 7), Account::new("ida", 0)];
    assert_eq!(transfer(&mut accounts, 0, 1, 7), Ok(()));
    assert_eq!(balances(&accounts), [0, 7]);
    assert_eq!(
        transfer(&mut accounts, 0, 1, 1),
        Err(TransferError::InsufficientFunds { balance: 0, amount: 1 })
    );
    assert_eq!(balances(&accounts), [0, 7]);
}

#[test]
fn zero_amount_transfer_is_a_no_op() {
    let mut accounts = ledger();
    assert_eq!(transfer(&mut accounts, 1, 3, 0), Ok(()));
    assert_eq!(accounts, ledger());
}

#[test]
fn long_run_of_transfers_matches_a_model() {
    let owners = ["jo", "kai", "lin", "mo", "nia", "oz"];
    let mut accounts: Vec<Account> =
        owners.iter().enumerate().map(|(i, owner)| Account::new(owner, 50 * i as u64 + 5)).collect();
    let mut model = balances(&accounts);
    for step in 0..300_usize {
        let from = (step * 7 + 3) % owners.len();
        let to = (step * 5 + 1) % owners.len();
        let amount = ((step * 13) % 60 + 1) as u64;
        let result = transfer(&mut accounts, from, to, amount);
        if from == to {
            assert_eq!(result, Err(TransferError::SameAccount), "step {step}");
        } else if model[from] < amount {
            let expected = TransferError::InsufficientFunds { balance: model[from], amount };
            assert_eq!(result, Err(expected), "step {step}");
        } else {
            assert_eq!(result, Ok(()), "step {step}");
            model[from] -= amount;
            model[to] += amount;
        }
        assert_eq!(balances(&accounts), model, "step {step}");
    }
    let names: Vec<&str> = accounts.iter().map(|account| account.owner.as_str()).collect();
    assert_eq!(names, owners);
}

#[test]
fn transfers_copy_no_account() {
    let mut accounts: Vec<Account> = (0..100).map(|i| Account::new(&format!("owner{i}"), 1_000)).collect();
    let (results, allocations) = crate::grader_measure::count_allocations(|| {
        [
            transfer(&mut accounts, 3, 70, 250),
            transfer(&mut accounts, 70, 3, 1_250),
            transfer(&mut accounts, 99, 0, 1_000),
            transfer(&mut accounts, 5, 5, 1),
            transfer(&mut accounts, 100, 5, 1),
            transfer(&mut accounts, 5, 100, 1),
            transfer(&mut accounts, 99, 1, 1),
        ]
    });
    crate::grader_measure::report("allocations", allocations.total());
    assert_eq!(
        results,
        [
            Ok(()),
            Ok(()),
            Ok(()),
            Err(TransferError::SameAccount),
            Err(TransferError::NoSuchAccount(100)),
            Err(TransferError::NoSuchAccount(100)),
            Err(TransferError::InsufficientFunds { balance: 0, amount: 1 }),
        ]
    );
    assert_eq!((accounts[0].balance, accounts[3].balance, accounts[70].balance, accounts[99].balance), (2_000, 2_000, 0, 0));
    assert_eq!(balances(&accounts).iter().sum::<u64>(), 100_000);
    assert!(accounts.iter().enumerate().all(|(i, account)| account.owner == format!("owner{i}")));
}
