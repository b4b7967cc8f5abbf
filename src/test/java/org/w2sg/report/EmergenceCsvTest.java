package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w2sg.run.Metric;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

class EmergenceCsvTest {
    @Test
    void tidyRowsInStepOrderWithEmptyUndefinedValuesAndQuotedNames() {
        UnitResult late = new UnitResult("my,model", new Unit("step1000", 1000, 2097152000L, "sst2", 3, 0, "noisy-gold:0.2"),
                List.of(Metric.of("w2s_acc", 0.8125, 0.79, 0.83), Metric.undefined("pgr_acc", "gap_below_floor")));
        UnitResult early = new UnitResult("my,model", new Unit("step2", 2, 4194304L, "sst2", 3, 1, "noisy-gold:0.2"),
                List.of(Metric.of("w2s_acc", 0.5, 0.45, 0.55)));
        String csv = EmergenceCsv.render(List.of(late, early));
        assertEquals("""
                model,revision,step,tokens,dataset,layer,weak,seed,metric,value,ci_low,ci_high,flags
                "my,model",step2,2,4194304,sst2,3,noisy-gold:0.2,1,w2s_acc,0.5,0.45,0.55,
                "my,model",step1000,1000,2097152000,sst2,3,noisy-gold:0.2,0,w2s_acc,0.8125,0.79,0.83,
                "my,model",step1000,1000,2097152000,sst2,3,noisy-gold:0.2,0,pgr_acc,,,,gap_below_floor
                """, csv);
    }
}
