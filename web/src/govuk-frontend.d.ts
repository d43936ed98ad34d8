// Types for the parts of GOV.UK Frontend's JavaScript that kinplan uses (the package ships none).

declare module 'govuk-frontend' {
  export class ExitThisPage {
    constructor(element: Element, config?: Record<string, unknown>)
  }
  export class ServiceNavigation {
    constructor(element: Element)
  }
}
