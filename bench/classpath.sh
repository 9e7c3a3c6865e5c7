# Sourced by the bench scripts: builds the distribution and the benchmark harnesses (the espreso-bench module,
# which is not part of the distribution) on first use, and sets $cp to run them. A build failure says so in one line.
# Needs $root (the repository) and $bench (the calling script's name).
if [[ ! -f "$root/cli/target/espreso.jar" || ! -d "$root/cli/target/lib" || ! -f "$root/bench/target/espreso-bench.jar" ]]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package -pl cli,bench -am) \
    || { echo "$bench: building the distribution failed; run 'mvn -B -DskipTests package' and read its errors" >&2; exit 1; }
fi
cp="$root/bench/target/espreso-bench.jar:$root/cli/target/espreso.jar:$root/cli/target/lib/*"
