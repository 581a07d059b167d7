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
    let mut total = 0u64;
    for game in games(log) {
        total += u64::from(game.points);
    }
    total
}

/// The game with the most points. When several games share the most points, the one on the
/// earliest line.
pub fn best_game(log: &str) -> Option<Game<'_>> {
    games(log).fold(None, |best: Option<Game>, game| match best {
        Some(best) if best.points >= game.points => Some(best),
        _ => Some(game),
    })
}

/// The `k` games with the most points, best first; games with equal points in line order. All the
/// games when the log has fewer than `k`.
#[allow(clippy::clone_on_copy)]
pub fn top_games(log: &str, k: usize) -> Vec<Game<'_>> {
    let mut top: Vec<Game> = Vec::new();
    for game in games(log) {
        if k == 0 {
            break;
        }
        if top.len() == k && top.last().unwrap().points >= game.points {
            continue;
        }
        let pos = top.iter().position(|g| g.points < game.points).unwrap_or(top.len());
        top.insert(pos, game.clone());
        top.truncate(k);
    }
    top
}

/// A short summary of the log: a first line with the number of games and the total points, then
/// the `k` best games, one per line.
#[allow(clippy::needless_range_loop)]
pub fn report(log: &str, k: usize) -> String {
    let top = top_games(log, k).to_vec();
    let mut out = format!("{} games, {} points\n", games(log).count(), total_points(log));
    for i in 0..top.len() {
        out += &format!("{}. {} {}\n", i + 1, top[i].player, top[i].points);
    }
    out
}

/// Every game of the log, in line order.
fn games(log: &str) -> impl Iterator<Item = Game<'_>> {
    log.lines().enumerate().filter_map(|(i, line)| parse_line(i + 1, line))
}

fn parse_line(number: usize, line: &str) -> Option<Game<'_>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') || !line.contains(',') {
        return None;
    }
    let (player, points) = line.split_once(',').unwrap();
    let player = player.trim();
    let points = points.trim();
    if player.is_empty() || points.parse::<u32>().is_err() {
        return None;
    }
    Some(Game { player, points: points.parse().unwrap(), line: number })
}
