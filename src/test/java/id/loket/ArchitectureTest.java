package id.loket;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.Set;

/**
 * The packages of the flow depend one way: api (the Mitra's door) and notification (delivery) ->
 * order (the core: orders, their moves and documents) -> biller, sof (the partners' adapters), and
 * all of them on codec and config. A change that makes two of them import each other fails here,
 * and so does a cycle among any of the hub's packages (page, sandbox, merchant, route included).
 */
@AnalyzeClasses(packages = "id.loket", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final Set<String> FLOW = Set.of("api", "order", "notification", "sof", "biller");

    @ArchTest
    static final ArchRule theFlowPackagesHaveNoCycle = slices().matching("id.loket.(*)..")
            .that(DescribedPredicate.describe("one of " + FLOW, (Slice s) -> FLOW.contains(s.getNamePart(1))))
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noPackageCycleAnywhere = slices().matching("id.loket.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theCoreAndTheAdaptersDoNotKnowTheMitraApi = noClasses()
            .that().resideInAnyPackage("id.loket.order..", "id.loket.biller..", "id.loket.sof..")
            .should().dependOnClassesThat().resideInAnyPackage("id.loket.api..", "id.loket.page..");

    @ArchTest
    static final ArchRule theAdaptersDoNotKnowTheOrder = noClasses()
            .that().resideInAnyPackage("id.loket.biller..", "id.loket.sof..")
            .should().dependOnClassesThat().resideInAnyPackage("id.loket.order..", "id.loket.notification..");
}
