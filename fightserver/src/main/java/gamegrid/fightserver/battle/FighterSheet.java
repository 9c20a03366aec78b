package gamegrid.fightserver.battle;

import java.util.Objects;

/**
 * What a fighter is before the battle starts: its name, its team (1 or 2), its stats, and whether the
 * server plays it ({@code monster}) or a player orders it.
 */
public record FighterSheet(String name, int team, int maxHp, int attack, int defence, int speed, boolean monster) {
    public FighterSheet {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('|') >= 0) {
            throw new IllegalArgumentException("bad name " + name);
        }
        if (team != 1 && team != 2) {
            throw new IllegalArgumentException("team must be 1 or 2: " + team);
        }
        if (maxHp < 1 || attack < 1 || defence < 0 || speed < 0) {
            throw new IllegalArgumentException("bad stats for " + name);
        }
    }

    /** The same fighter on another team. */
    public FighterSheet onTeam(int otherTeam) {
        return new FighterSheet(name, otherTeam, maxHp, attack, defence, speed, monster);
    }
}
