//! HOSTILE FIXTURE (tests/hostile/README.md, case `tests-modified`): the visible tests, weakened
//! so that anything passes. The grader must use its own copy and flag this one.

#[test]
fn moves_money_between_two_accounts() {
    assert!(true);
}

#[test]
fn refuses_to_overdraw() {
    assert!(true);
}

#[test]
fn several_transfers_keep_the_total() {
    assert!(true);
}
