jest.mock('../../src/reference-data.modules', () => {
  const { ImportsModule } = jest.requireActual('../../src/modules/imports/imports.module');
  const { CrosswalkModule } = jest.requireActual('../../src/modules/crosswalk/crosswalk.module');
  return { REFERENCE_DATA_MODULES: [ImportsModule, CrosswalkModule] };
});
require('./crosswalk.medium-spec');
