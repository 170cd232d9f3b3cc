// Decodes raw __consumer_offsets records with the broker's own serde, as an
// oracle for decoder tests. Input lines: "<key-hex> <value-hex|null>".
// Output lines: {"key":...,"value":...} in Kafka's JSON form (value null for a
// tombstone). Run with the single-file source launcher (needs a JDK):
//   java -cp "$(kafka.sh classpath)" DecodeCoordinatorRecord.java < records
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.CoordinatorRecordJsonConverters;

public class DecodeCoordinatorRecord {
  public static void main(String[] args) throws Exception {
    var serde = new GroupCoordinatorRecordSerde();
    var hex = HexFormat.of();
    var in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null;) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 2) continue;
      ByteBuffer key = ByteBuffer.wrap(hex.parseHex(f[0]));
      ByteBuffer value = f[1].equals("null") ? null : ByteBuffer.wrap(hex.parseHex(f[1]));
      CoordinatorRecord record = serde.deserialize(key, value);
      String k = CoordinatorRecordJsonConverters.writeRecordKeyAsJson(record.key()).toString();
      String v = record.value() == null
          ? "null"
          : CoordinatorRecordJsonConverters.writeRecordValueAsJson(record.value().message(), record.value().version()).toString();
      System.out.println("{\"key\":" + k + ",\"value\":" + v + "}");
    }
  }
}
