// parse_lines reads InfluxDB line protocol on stdin, one point per line, with Telegraf's own
// influx parser (plugins/parsers/influx, the parser inputs.execd uses), and prints one JSON object
// per line: {"name", "tags", "fields", "time"}, or {"error"} when the parser rejects the line.
// tests/e2e/telegraf_parser_test.sh builds it inside a copy of the Telegraf module.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/influxdata/telegraf/plugins/parsers/influx"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		parser := influx.Parser{}
		if err := parser.Init(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		metrics, err := parser.Parse(append(in.Bytes(), '\n'))
		if err == nil && len(metrics) != 1 {
			err = fmt.Errorf("%d metrics from one line", len(metrics))
		}
		var line []byte
		if err != nil {
			line, _ = json.Marshal(map[string]any{"error": err.Error()})
		} else {
			m := metrics[0]
			line, _ = json.Marshal(map[string]any{
				"name": m.Name(), "tags": m.Tags(), "fields": m.Fields(), "time": m.Time().UnixNano(),
			})
		}
		fmt.Fprintln(out, string(line))
	}
}
