# syntax=docker/dockerfile:1
# ReturnsPortal web app: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime image.

# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore layer: only the files that decide the package graph, so code edits keep the cache.
# (.editorconfig* so that a missing file does not break the COPY; it matters for build analyzers.)
COPY ReturnsPortal.sln Directory.Build.props Directory.Packages.props global.json .editorconfig* ./
COPY src/ReturnsPortal.Domain/ReturnsPortal.Domain.csproj src/ReturnsPortal.Domain/
COPY src/ReturnsPortal.Web/ReturnsPortal.Web.csproj src/ReturnsPortal.Web/
RUN dotnet restore src/ReturnsPortal.Web/ReturnsPortal.Web.csproj

# Sources, then a framework-dependent publish of the web app (tests are not part of the image).
COPY src/ src/
RUN dotnet publish src/ReturnsPortal.Web/ReturnsPortal.Web.csproj -c Release -o /app --no-restore

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

# Writable data folder (SQLite database, generated files) owned by the image's non-root `app` user.
RUN mkdir -p /app/data && chown app:app /app/data

# Application files stay root-owned, so the app user cannot modify them.
COPY --from=build /app .

ENV ASPNETCORE_HTTP_PORTS=8080 \
    Storage__DataPath=/app/data

VOLUME /app/data
EXPOSE 8080

# No HEALTHCHECK: the aspnet image has neither curl nor wget, and adding one only for a probe
# would enlarge the image and its attack surface. Let the orchestrator probe HTTP on port 8080.

# $APP_UID (1654) is the image's non-root `app` user; numeric, so runAsNonRoot checks can verify it.
USER $APP_UID
# Arguments after the image name are the app's: none starts the web server; `migrate`, `admin create --email …`,
# `admin unlock|reset-2fa --email …`, `admin remove-demo` run an operations command and exit (ADR 0107), e.g.
#   docker run --rm -i -e ConnectionStrings__Returns=… <image> admin create --email you@example.fr < password.txt
ENTRYPOINT ["dotnet", "ReturnsPortal.Web.dll"]
