// The oracle behind the expected strings of tests/notify/*_test.cpp: Go's own text/template
// rendering each input line (a template; `\n` stands for a newline) over the values of
// tests/notify/template_fixture.hpp, held in structs with the field names and json tags of
// Burrow's ConsumerGroupStatus, PartitionStatus and ConsumerOffset, with functions that behave
// as Burrow's template helpers. Prints one Go-quoted output per line, or the error.
//
//	go run ./tests/notify/go_oracle < templates.txt
//
// Not part of the build: Go is needed only to produce new expected strings.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"
)

type StatusConstant int

var statusStrings = [...]string{"NOTFOUND", "OK", "WARN", "ERR", "STOP", "STALL", "REWIND"}

func (c StatusConstant) String() string {
	if c >= 0 && int(c) < len(statusStrings) {
		return statusStrings[c]
	}
	return "UNKNOWN"
}
func (c StatusConstant) MarshalText() ([]byte, error) { return []byte(c.String()), nil }
func (c StatusConstant) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

type ConsumerOffset struct {
	Offset            int64  `json:"offset"`
	Timestamp         int64  `json:"timestamp"`
	ObservedTimestamp int64  `json:"observedAt"`
	Lag               uint64 `json:"lag"`
}
type PartitionStatus struct {
	Topic      string          `json:"topic"`
	Partition  int32           `json:"partition"`
	Owner      string          `json:"owner"`
	ClientID   string          `json:"client_id"`
	Status     StatusConstant  `json:"status"`
	Start      *ConsumerOffset `json:"start"`
	End        *ConsumerOffset `json:"end"`
	CurrentLag uint64          `json:"current_lag"`
	Complete   float32         `json:"complete"`
}
type ConsumerGroupStatus struct {
	Cluster         string             `json:"cluster"`
	Group           string             `json:"group"`
	Status          StatusConstant     `json:"status"`
	Complete        float32            `json:"complete"`
	Partitions      []*PartitionStatus `json:"partitions"`
	TotalPartitions int                `json:"partition_count"`
	Maxlag          *PartitionStatus   `json:"maxlag"`
	TotalLag        uint64             `json:"totallag"`
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"jsonencoder": func(v interface{}) string { b, _ := json.Marshal(v); return string(b) },
		"add":         func(a, b int) int { return a + b },
		"minus":       func(a, b int) int { return a - b },
		"multiply":    func(a, b int) int { return a * b },
		"divide":      func(a, b int) int { return a / b },
		"maxlag": func(a *PartitionStatus) uint64 {
			if a == nil {
				return 0
			}
			return a.CurrentLag
		},
		"formattimestamp": func(ts int64, f string) string { return time.Unix(0, ts*int64(time.Millisecond)).UTC().Format(f) },
		"partitioncounts": func(ps []*PartitionStatus) map[string]int {
			rv := map[string]int{"warn": 0, "stop": 0, "stall": 0, "rewind": 0, "unknown": 0}
			for _, p := range ps {
				switch p.Status {
				case 1:
				case 2:
					rv["warn"]++
				case 4:
					rv["stop"]++
				case 5:
					rv["stall"]++
				case 6:
					rv["rewind"]++
				default:
					rv["unknown"]++
				}
			}
			return rv
		},
		"topicsbystatus": func(ps []*PartitionStatus) map[string][]string {
			rv := map[string][]string{}
			seen := map[string]bool{}
			for _, p := range ps {
				k := p.Status.String() + "/" + p.Topic
				if !seen[k] {
					seen[k] = true
					rv[p.Status.String()] = append(rv[p.Status.String()], p.Topic)
				}
			}
			return rv
		},
	}
}

type Data struct {
	Cluster string
	Group   string
	ID      string
	Start   time.Time
	Extras  map[string]string
	Result  ConsumerGroupStatus
}

func (d Data) Id() string { return d.ID }

func main() {
	p0 := &PartitionStatus{Topic: "orders", Partition: 0, Owner: "/10.0.0.1", ClientID: "c1", Status: 4,
		Start: &ConsumerOffset{100, 1700000000000, 1700000000100, 5}, End: &ConsumerOffset{150, 1700000060000, 1700000060100, 7},
		CurrentLag: 42, Complete: 1}
	p1 := &PartitionStatus{Topic: "payments<&>", Partition: 3, Owner: "", ClientID: "", Status: 5,
		Start: &ConsumerOffset{7, 1700000001000, 0, 0}, End: &ConsumerOffset{7, 1700000061000, 0, 3},
		CurrentLag: 3, Complete: 0.6666667}
	d := Data{Cluster: "local", Group: "grp-bad", ID: "4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
		Start:  time.Date(2026, 11, 28, 9, 5, 7, 123456789, time.UTC),
		Extras: map[string]string{"api_key": "k<1>", "app": "burrow", "tier": "gold"},
		Result: ConsumerGroupStatus{Cluster: "local", Group: "grp-bad", Status: 3, Complete: 0.33333334,
			Partitions: []*PartitionStatus{p0, p1}, TotalPartitions: 4, Maxlag: p0, TotalLag: 45}}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.ReplaceAll(sc.Text(), `\n`, "\n")
		t, err := template.New("t").Funcs(funcs()).Parse(line)
		if err != nil {
			fmt.Printf("PARSE-ERROR %v\n", err)
			continue
		}
		var b strings.Builder
		err = t.Execute(&b, d)
		if err != nil {
			fmt.Printf("EXEC-ERROR %v\n", err)
			continue
		}
		fmt.Printf("%q\n", b.String())
	}
}
