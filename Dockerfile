# syntax=docker/dockerfile:1
# Build: docker build -t switchboard .
# Run:   docker run -p 8080:8080 -e SALESFORCE_CLIENT_ID=... -v $PWD/config:/app/config -v $PWD/routes:/app/routes switchboard

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
# Dependencies first, in their own layer, so a source change does not download them again.
RUN ./mvnw -B -q dependency:resolve
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system switchboard && useradd --system --gid switchboard --home /app switchboard
WORKDIR /app
COPY --from=build /src/target/switchboard-*.jar /app/switchboard.jar
COPY config /app/config
COPY routes /app/routes
RUN chown -R switchboard:switchboard /app
USER switchboard
# Settings, rules (config/) and route definitions (routes/) are read from the working directory: mount your own.
VOLUME ["/app/config", "/app/routes"]
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/switchboard.jar"]
