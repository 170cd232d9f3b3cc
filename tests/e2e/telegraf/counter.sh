#!/usr/bin/env bash
# A tiny inputs.execd plugin (signal = "STDIN"): for each newline read on stdin
# it prints one line-protocol line with a running count and a ns timestamp.
# On stdin EOF (Telegraf stopping) it logs, writes the count to $COUNTER_EOF_FILE
# when that is set, closes stdout and stderr, and exits 0 a moment later. Log
# lines on stderr carry Telegraf's level prefixes ("I! ", "W! ").
#
# Why close, then linger: Telegraf's execd (internal/process, v1.39.3) calls
# exec.Cmd.Wait while its pipe readers still run, and Wait closes the pipes.
# Output written just before the child exits can then be lost, and Telegraf
# logs "read |0: file already closed". In 40 runs of `--once` with a plain
# exit, 4 lost the metric; closing stdout/stderr (the readers see EOF) and
# exiting 0.1 s later lost nothing and logged no error in 80 runs.
set -u
n=0
echo "I! counter started" >&2
while IFS= read -r _; do
  n=$((n + 1))
  printf 'warren_e2e,source=counter count=%di,status="OK" %s\n' "$n" "$(date +%s%N)"
done
echo "W! counter saw stdin close after $n lines" >&2
if [ -n "${COUNTER_EOF_FILE:-}" ]; then echo "$n" >"$COUNTER_EOF_FILE"; fi
exec 1>&- 2>&-
sleep 0.2
exit 0
