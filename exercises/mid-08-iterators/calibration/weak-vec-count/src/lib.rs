//! Statistics over the score log of a game server. See README.md for the format of the log.

/// One game read from the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Game<'a> {
    /// The player, as written in the log (without surrounding whitespace).
    pub player: &'a str,
    /// The points scored in the game.
    pub points: u32,
    /// The number of the line the game is on, counting from 1.
    pub line: usize,
}

/// The points of all the games in the log, added up.
pub fn total_points(log: &str) -> u64 {
    games(log).map(|g| u64::from(g.points)).sum()
}

/// The game with the most points. When several games share the most points, the one on the
/// earliest line.
pub fn best_game(log: &str) -> Option<Game<'_>> {
    let mut best: Option<Game> = None;
    for game in games(log) {
        if best.is_none() || game.points > best.unwrap().points {
            best = Some(game);
        }
    }
    best
}

/// The `k` games with the most points, best first; games with equal points in line order. All the
/// games when the log has fewer than `k`.
pub fn top_games(log: &str, k: usize) -> Vec<Game<'_>> {
    let mut top = Vec::new();
    if k == 0 {
        return top;
    }
    for game in games(log) {
        if top.len() < k {
            top.push(game);
        } else if game.points > top[k - 1].points {
            top[k - 1] = game;
        } else {
            continue;
        }
        // bubble the new game up to its place
        let mut i = top.len() - 1;
        while i > 0 && top[i - 1].points < top[i].points {
            top.swap(i - 1, i);
            i -= 1;
        }
    }
    top
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
pub fn report(log: &str, k: usize) -> String {
    let count = games(log).collect::<Vec<_>>().len();
    let header = format!("{} games, {} points\n", count, total_points(log));
    let body = top_games(log, k)
        .iter()
        .enumerate()
        .map(|(i, g)| format!("{}. {} {}\n", i + 1, g.player, g.points))
        .collect::<String>();
    header + &body
}

/// Every game of the log, in line order.
fn games(log: &str) -> impl Iterator<Item = Game<'_>> {
    log.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim();
        if line.starts_with('#') {
            return None;
        }
        let (player, points) = line.split_once(',')?;
        match (player.trim(), points.trim().parse::<u32>()) {
            ("", _) => None,
            (player, Ok(points)) => Some(Game { player, points, line: i + 1 }),
            (_, Err(_)) => None,
        }
    })
}
