package gamegrid.protocol.battle;

/** A special action a fighter can use once it is ready again; the battle rules give each its effect and cooldown. */
public enum Skill {
    /** A heavy blow at a foe. */
    SMASH,
    /** Restores hit points to the fighter itself or a team mate. */
    HEAL
}
