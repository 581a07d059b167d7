use junior_03_shared_vs_mut::{drop_idle, reward_leaders, Player};

fn board(entries: &[(&str, u32)]) -> Vec<Player> {
    entries.iter().map(|&(name, score)| Player { name: name.to_string(), score }).collect()
}

#[test]
fn drops_players_without_points() {
    let mut players = board(&[("ana", 3), ("bo", 0), ("cy", 8), ("di", 0), ("ed", 1)]);
    drop_idle(&mut players);
    assert_eq!(players, board(&[("ana", 3), ("cy", 8), ("ed", 1)]));
}

#[test]
fn rewards_the_leaders() {
    let mut players = board(&[("ana", 10), ("bo", 3), ("cy", 8)]);
    reward_leaders(&mut players, 5);
    assert_eq!(players, board(&[("ana", 15), ("bo", 3), ("cy", 13)]));
}
