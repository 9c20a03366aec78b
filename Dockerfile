# One image for every daemon of the world (dispatcher, battle, map and chat servers): they all start from the
# same jar, and the Kubernetes manifests in deploy/k8s name the main class as the container's first argument.
#   docker build -t gamegrid:0.1.0 .
#   docker run --rm gamegrid:0.1.0                                   # the dispatcher with config/dispatcher.properties
#   docker run --rm gamegrid:0.1.0 gamegrid.fightserver.BattleServerMain --config=config/fightserver.properties

# Build: Maven with the JDK the pom asks for (17); the tests run in CI, not in the image build.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY protocol protocol
COPY dispatcher dispatcher
COPY fightserver fightserver
COPY mapserver mapserver
COPY chatserver chatserver
RUN mvn -B -ntp -Dmaven.test.skip=true package

# Run: a JRE only, as a user without privileges; run/ (roster, chat state) and logs/ are the writable places.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app gamegrid
WORKDIR /app
COPY --from=build /build/target/gamegrid.jar gamegrid.jar
COPY --from=build /build/target/lib lib
COPY config config
RUN mkdir run logs && chown gamegrid run logs
USER 10001
# Containers get a memory limit: the heap follows it. Logs go to standard output (config/logback.xml).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dlogback.configurationFile=config/logback.xml", "-cp", "gamegrid.jar:lib/*"]
CMD ["gamegrid.dispatcher.DispatcherMain", "--config=config/dispatcher.properties"]
