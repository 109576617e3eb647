# syntax=docker/dockerfile:1
# Multi-stage build: Maven builds the shaded command line, a JRE runs it.
#   docker build -t streamsync .
#   docker run --rm streamsync demo --seconds 10
#   docker run --rm --network host streamsync sync rtsp://user:pass@camera/stream1
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY rtcp/pom.xml rtcp/
COPY sim/pom.xml sim/
COPY core/pom.xml core/
COPY record/pom.xml record/
COPY bench/pom.xml bench/
COPY examples/pom.xml examples/
COPY cli/pom.xml cli/
COPY rtcp/src rtcp/src
COPY sim/src sim/src
COPY core/src core/src
COPY record/src record/src
COPY bench/src bench/src
COPY examples/src examples/src
COPY cli/src cli/src
RUN mvn -B -q -DskipTests package -pl cli -am

FROM eclipse-temurin:17-jre
# The bytedeco FFmpeg natives inside the jar are self-contained; nothing else is needed at run time.
RUN useradd --system --create-home streamsync
USER streamsync
WORKDIR /home/streamsync
COPY --from=build /src/cli/target/streamsync.jar /opt/streamsync/streamsync.jar
ENTRYPOINT ["java", "-jar", "/opt/streamsync/streamsync.jar"]
CMD ["demo", "--seconds", "10"]
