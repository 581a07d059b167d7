use junior_03_shared_vs_mut::{drop_idle, reward_leaders, Player};

fn board(entries: &[(&str, u32)]) -> Vec<Player> {
    entries.iter().map(|&(name, score)| Player { name: name.to_string(), score }).collect()
}

fn scores(players: &[Player]) -> Vec<u32> {
    players.iter().map(|p| p.score).collect()
}

#[test]
fn drops_idle_players_next_to_each_other() {
    let mut players = board(&[("a", 0), ("b", 0), ("c", 5), ("d", 0), ("e", 0), ("f", 0), ("g", 7)]);
    drop_idle(&mut players);
    assert_eq!(players, board(&[("c", 5), ("g", 7)]));
}

#[test]
fn drops_everyone_when_all_are_idle() {
    let mut idle = board(&[("a", 0), ("b", 0), ("c", 0)]);
    drop_idle(&mut idle);
    assert!(idle.is_empty());
}

#[test]
fn drops_no_one_when_no_one_is_idle() {
    let mut busy = board(&[("a", 1), ("b", 2)]);
    drop_idle(&mut busy);
    assert_eq!(busy, board(&[("a", 1), ("b", 2)]));

    let mut empty: Vec<Player> = Vec::new();
    drop_idle(&mut empty);
    assert!(empty.is_empty());
}

#[test]
fn top_score_is_taken_before_any_bonus() {
    let mut players = board(&[("ana", 10), ("bo", 6), ("cy", 5), ("di", 4)]);
    reward_leaders(&mut players, 10);
    assert_eq!(scores(&players), [20, 16, 15, 4]);
}

#[test]
fn half_of_an_odd_top_score_is_not_rounded_down() {
    let mut players = board(&[("ana", 7), ("bo", 3), ("cy", 4)]);
    reward_leaders(&mut players, 1);
    assert_eq!(scores(&players), [8, 3, 5]);
}

#[test]
fn rewarding_an_empty_board_changes_nothing() {
    let mut empty: Vec<Player> = Vec::new();
    reward_leaders(&mut empty, 3);
    assert!(empty.is_empty());
}

#[test]
fn a_board_of_zeros_rewards_everyone() {
    let mut zeros = board(&[("a", 0), ("b", 0)]);
    reward_leaders(&mut zeros, 3);
    assert_eq!(scores(&zeros), [3, 3]);
}

#[test]
fn season_end_on_a_large_board() {
    let mut players: Vec<Player> = (0..3000u32).map(|i| Player { name: format!("p{i}"), score: i % 4 }).collect();
    drop_idle(&mut players);
    assert_eq!(players.len(), 2250);
    assert!(players.iter().all(|p| p.score != 0));
    assert_eq!(players[0].name, "p1");
    assert_eq!(players[3].name, "p5");

    reward_leaders(&mut players, 100);
    let rewarded = players.iter().filter(|p| p.score > 100).count();
    assert_eq!(rewarded, 1500);
    assert_eq!(scores(&players[..3]), [1, 102, 103]);
}

/// A board of `players` players whose scores go 0, 3, 6, 9, 0, 3, … (a quarter of them idle).
fn repeating_board(players: usize) -> Vec<Player> {
    (0..players).map(|i| Player { name: format!("p{i}"), score: (i % 4) as u32 * 3 }).collect()
}

#[test]
fn dropping_idle_players_copies_no_player() {
    let mut small = repeating_board(300);
    let mut large = repeating_board(3_000);
    let ((), on_small) = crate::grader_measure::count_allocations(|| drop_idle(&mut small));
    let ((), on_large) = crate::grader_measure::count_allocations(|| drop_idle(&mut large));
    // What ten times the players costs more: copies of players grow with the board.
    crate::grader_measure::report("allocations", on_large.total().saturating_sub(on_small.total()));
    for (board, players) in [(&small, 300), (&large, 3_000)] {
        let kept: Vec<Player> = repeating_board(players).into_iter().filter(|p| p.score != 0).collect();
        assert_eq!(*board, kept);
    }
}

#[test]
fn rewarding_leaders_copies_no_player() {
    let mut small = repeating_board(300);
    let mut large = repeating_board(3_000);
    let ((), on_small) = crate::grader_measure::count_allocations(|| reward_leaders(&mut small, 5));
    let ((), on_large) = crate::grader_measure::count_allocations(|| reward_leaders(&mut large, 5));
    // What ten times the players costs more: copies of players grow with the board.
    crate::grader_measure::report("allocations", on_large.total().saturating_sub(on_small.total()));
    for (board, players) in [(&small, 300), (&large, 3_000)] {
        // The top score is 9, so 6 and 9 are at least half of it, 3 is not.
        let expected: Vec<u32> = (0..players).map(|i| [0, 3, 11, 14][i % 4]).collect();
        assert_eq!(scores(board), expected);
        assert!(board.iter().enumerate().all(|(i, p)| p.name == format!("p{i}")));
    }
}
