package gamegrid.dispatcher.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How battle-server processes are started.
 *
 * @param javaCommand       the {@code java} executable
 * @param jvmOptions        options for each battle-server JVM (heap, GC, class-data sharing)
 * @param classPath         class path holding {@code gamegrid.fightserver.FightServerMain}
 * @param battleHost        address each battle server binds
 * @param heartbeatInterval how often a battle server reports that it is alive
 * @param logDir            folder for one log file per battle server
 * @param battleOptions     extra {@code --key=value} arguments for every battle server (turn timer and the like)
 */
public record LaunchSettings(
        String javaCommand,
        List<String> jvmOptions,
        String classPath,
        String battleHost,
        Duration heartbeatInterval,
        Path logDir,
        List<String> battleOptions) {

    public LaunchSettings {
        jvmOptions = List.copyOf(jvmOptions);
        battleOptions = List.copyOf(battleOptions);
    }
}
